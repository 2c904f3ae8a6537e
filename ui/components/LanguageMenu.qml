import QtQuick
import QtQuick.Layouts
import ".."

// The language chooser over any screen (top bar's language button): the screen stays, and
// everything typed or shown so far stays; only the language changes.
Rectangle {
    id: menu
    objectName: "language_menu_overlay"
    required property QtObject flowVm
    color: "#E61B1B1B"

    // A tap beside the panel closes it, like its Back button.
    MouseArea {
        anchors.fill: parent
        Accessible.role: Accessible.Button
        Accessible.name: qsTr("Back")
        Accessible.onPressAction: menu.flowVm.closeLanguageMenu()
        onClicked: menu.flowVm.closeLanguageMenu()
    }

    Rectangle {
        anchors.centerIn: parent
        width: Math.min(parent.width - 2 * Theme.margin, 900 * Theme.scale)
        height: column.implicitHeight + 2 * Theme.margin
        radius: Theme.radius * 2
        color: Theme.surface
        border.color: Theme.border
        border.width: 2

        MouseArea { anchors.fill: parent }  // taps on the panel's gaps do not close it

        ColumnLayout {
            id: column
            anchors.fill: parent
            anchors.margins: Theme.margin
            spacing: Theme.spacing

            BodyText {
                Layout.fillWidth: true
                text: qsTr("Please choose your language")
                font.pixelSize: Theme.heading
                font.weight: Font.DemiBold
            }

            GridLayout {
                Layout.fillWidth: true
                columns: 2
                columnSpacing: Theme.spacing
                rowSpacing: Theme.spacing
                Repeater {
                    model: menu.flowVm.languages
                    delegate: BigButton {
                        required property var modelData
                        objectName: "menu_lang_" + modelData.code
                        Layout.fillWidth: true
                        Layout.preferredWidth: 100  // equal shares of the row
                        Layout.preferredHeight: Theme.buttonHeight
                        text: modelData.nativeName
                        pixelSize: Theme.heading
                        primary: modelData.code === menu.flowVm.language
                        checkable: true
                        checked: primary
                        onClicked: menu.flowVm.switchLanguage(modelData.code)
                    }
                }
            }

            BigButton {
                objectName: "language_menu_close"
                Layout.fillWidth: true
                Layout.preferredHeight: Theme.buttonHeight
                text: qsTr("Back")
                pixelSize: Theme.body
                onClicked: menu.flowVm.closeLanguageMenu()
            }
        }
    }
}

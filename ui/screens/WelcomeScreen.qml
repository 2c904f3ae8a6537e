import QtQuick
import QtQuick.Layouts
import ".."
import "../components"

// Attract screen: who we are, what the kiosk does, and the languages in their own script.
Rectangle {
    id: screen
    required property QtObject flowVm
    readonly property bool landscape: width > height

    color: Theme.background

    // Scrolls only when it must (large text, a long demo list above the accessibility bar).
    Flickable {
        id: flick
        anchors.fill: parent
        clip: true
        contentWidth: width
        contentHeight: Math.max(height, column.implicitHeight + 2 * Theme.margin)
        boundsBehavior: Flickable.StopAtBounds

    ColumnLayout {
        id: column
        x: Theme.margin
        y: Theme.margin
        width: flick.width - 2 * Theme.margin
        height: flick.contentHeight - 2 * Theme.margin
        // Portrait: tight enough that the three ways in below the languages stay above the
        // accessibility bar at normal text size (the screen scrolls for larger text).
        spacing: Theme.spacing * (screen.landscape ? 0.8 : 1.0)

        BodyText {
            objectName: "office_name"
            Layout.fillWidth: true
            text: screen.flowVm.officeName
            color: Theme.textMuted
            font.pixelSize: Theme.heading
        }
        Rectangle {
            Layout.preferredWidth: Theme.margin * 2
            Layout.preferredHeight: 6
            color: Theme.primary
        }
        BodyText {
            objectName: "greeting"
            Layout.fillWidth: true
            text: qsTr("Check the status of your application")
            font.pixelSize: Theme.display
            font.weight: Font.Bold
        }
        BodyText {
            Layout.fillWidth: true
            text: qsTr("You need your case number from our letter and your date of birth.")
            color: Theme.textMuted
        }
        BodyText {
            Layout.fillWidth: true
            Layout.topMargin: Theme.spacing
            text: qsTr("Please choose your language")
            font.pixelSize: Theme.heading
            font.weight: Font.DemiBold
        }

        GridLayout {
            Layout.fillWidth: true
            columns: screen.landscape ? 5 : 2
            columnSpacing: Theme.spacing
            rowSpacing: Theme.spacing
            Repeater {
                model: screen.flowVm.languages
                delegate: BigButton {
                    required property var modelData
                    objectName: "lang_" + modelData.code
                    Layout.fillWidth: true
                    Layout.preferredWidth: 100  // equal shares of the row
                    Layout.preferredHeight: Math.max(Theme.touchMin,
                                                     Theme.buttonHeight * (screen.landscape ? 1.1 : 0.95))
                    text: modelData.nativeName
                    pixelSize: Theme.title
                    primary: true
                    onClicked: screen.flowVm.chooseLanguage(modelData.code)
                }
            }
        }

        BigButton {
            objectName: "browse_documents"
            Layout.fillWidth: true
            Layout.topMargin: Theme.spacing
            text: qsTr("No case number yet? See which documents to bring")
            pixelSize: Theme.body
            onClicked: screen.flowVm.browseDocuments()
        }

        BigButton {
            objectName: "walk_in_ticket"
            Layout.fillWidth: true
            text: qsTr("Walk-in ticket: no appointment? Take a number")
            pixelSize: Theme.body
            onClicked: screen.flowVm.walkInTicket()
        }

        BigButton {
            objectName: "questions"
            Layout.fillWidth: true
            text: qsTr("Questions: answers from the office")
            pixelSize: Theme.body
            onClicked: screen.flowVm.questions()
        }

        Item { Layout.fillHeight: true }

        Rectangle {
            objectName: "demo_box"
            visible: screen.flowVm.demoMode
            Layout.fillWidth: true
            Layout.preferredHeight: demoColumn.implicitHeight + 2 * Theme.spacing
            color: Theme.demoBackground
            border.color: Theme.demoBorder
            border.width: 3
            radius: Theme.radius

            ColumnLayout {
                id: demoColumn
                anchors.fill: parent
                anchors.margins: Theme.spacing
                spacing: Math.round(Theme.spacing / 3)
                BodyText {
                    Layout.fillWidth: true
                    text: qsTr("Demo data, not real cases. Try:")
                    font.pixelSize: Theme.small
                    font.weight: Font.Bold
                }
                GridLayout {
                    Layout.fillWidth: true
                    columns: screen.landscape ? 2 : 1
                    columnSpacing: Theme.margin
                    rowSpacing: Math.round(Theme.spacing / 3)
                Repeater {
                    model: screen.flowVm.demoSamples.slice(0, screen.landscape ? 4 : 6)
                    delegate: RowLayout {
                        required property var modelData
                        Layout.fillWidth: true
                        Layout.preferredWidth: 100
                        spacing: Theme.spacing
                        Text {
                            // Case numbers and dates read left to right in every language.
                            text: modelData.caseNumber + "   " + modelData.birthDate
                            textFormat: Text.PlainText
                            color: Theme.text
                            font.family: "DejaVu Sans Mono"
                            font.pixelSize: Theme.small
                            Layout.preferredWidth: implicitWidth
                        }
                        BodyText {
                            Layout.fillWidth: true
                            text: modelData.status
                            color: Theme.textMuted
                            font.pixelSize: Theme.small
                        }
                    }
                }
                }
            }
        }
    }
    }
}

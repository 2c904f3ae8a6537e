import QtQuick
import QtQuick.Layouts
import ".."
import "../components"

// Without a case number: what do you want to do (permit type), then which appointment
// (service); the checklist screen then shows the generic list.
Rectangle {
    id: screen
    required property QtObject flowVm
    required property QtObject browseVm
    readonly property QtObject vm: browseVm

    color: Theme.background

    component Choice: Rectangle {
        id: choice
        property string label
        signal chosen()
        implicitHeight: Math.max(Theme.buttonHeight, choiceText.implicitHeight + Theme.spacing)
        radius: Theme.radius
        color: choiceArea.pressed ? Theme.secondaryPressed : Theme.surface
        border.color: Theme.border
        border.width: 2
        Accessible.role: Accessible.Button
        Accessible.name: label
        BodyText {
            id: choiceText
            anchors.verticalCenter: parent.verticalCenter
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.margins: Theme.spacing
            text: choice.label
            font.weight: Font.DemiBold
        }
        MouseArea {
            id: choiceArea
            anchors.fill: parent
            onClicked: choice.chosen()
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        TopBar {
            Layout.fillWidth: true
            title: screen.flowVm.officeName
            flowVm: screen.flowVm
            onHome: screen.flowVm.home()
            onBack: screen.vm.back()
        }

        // The welcome screen shows one language: here the resident can pick their own.
        Flow {
            objectName: "browse_languages"
            Layout.fillWidth: true
            Layout.margins: Math.round(Theme.spacing / 2)
            spacing: Math.round(Theme.spacing / 3)
            Repeater {
                model: screen.vm.languages
                delegate: BigButton {
                    required property var modelData
                    objectName: "browse_lang_" + modelData.code
                    height: Theme.touchMin
                    primary: screen.flowVm.language === modelData.code
                    text: modelData.nativeName
                    pixelSize: Theme.small
                    onClicked: screen.vm.switchLanguage(modelData.code)
                }
            }
        }

        Flickable {
            id: flick
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            contentWidth: width
            contentHeight: body.implicitHeight + 2 * Theme.margin
            boundsBehavior: Flickable.StopAtBounds

            ColumnLayout {
                id: body
                width: Math.min(flick.width - 2 * Theme.margin, 1300 * Theme.scale)
                x: (flick.width - width) / 2
                y: Theme.margin / 2
                spacing: Theme.spacing

                BodyText {
                    objectName: "browse_question"
                    Layout.fillWidth: true
                    text: screen.vm.question
                    font.pixelSize: Theme.title
                    font.weight: Font.Bold
                }
                BodyText {
                    objectName: "browse_chosen_permit"
                    visible: screen.vm.step === "service"
                    Layout.fillWidth: true
                    text: screen.vm.chosenPermit
                    color: Theme.textMuted
                }
                GridLayout {
                    Layout.fillWidth: true
                    columns: 2
                    columnSpacing: Theme.spacing
                    rowSpacing: Math.round(Theme.spacing / 2)
                    Repeater {
                        model: screen.vm.options
                        delegate: Choice {
                            required property var modelData
                            objectName: "option_" + modelData.code
                            Layout.fillWidth: true
                            Layout.preferredWidth: 100  // equal columns
                            Layout.fillHeight: true
                            label: modelData.name
                            onChosen: screen.vm.step === "permit" ? screen.vm.choosePermit(modelData.code)
                                                                  : screen.vm.chooseService(modelData.code)
                        }
                    }
                }
            }
        }
    }
}
